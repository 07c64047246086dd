package dev.latchkey.scanner;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.latchkey.crypto.SecretFields;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.latchkey.scanner", importOptions = ImportOption.DoNotIncludeTests.class)
class ScannerArchitectureTest {

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("dev.latchkey.scanner.(*)..")
		.should()
		.beFreeOfCycles();

	/**
	 * Listeners, publishers, repositories and clients map at the edge; the rest of the
	 * service speaks its own types.
	 */
	@ArchTest
	static final ArchRule domainIsFreeOfAdapters = noClasses().that()
		.resideInAPackage("dev.latchkey.scanner..")
		.and()
		.resideOutsideOfPackage("dev.latchkey.scanner.config..")
		.and(not(JavaClass.Predicates.simpleNameEndingWith("Listener")))
		.and(not(JavaClass.Predicates.simpleNameStartingWith("Kafka")))
		.and(not(JavaClass.Predicates.simpleNameStartingWith("Mongo")))
		.and(not(JavaClass.Predicates.simpleNameStartingWith("WebClient")))
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.avro..", "dev.latchkey.schemas..", "org.springframework.kafka..",
				"org.apache.kafka..", "com.google.crypto.tink..", "org.springframework.data.mongodb..", "org.bson..",
				"com.mongodb..", "org.springframework.web.reactive.function.client..", "reactor.netty..", "io.netty..");

	/** The plaintext is taken out of its redacting holder in one place only. */
	@ArchTest
	static final ArchRule onlyTheScanReadsSecretValues = noClasses().that()
		.resideInAPackage("dev.latchkey.scanner..")
		.and()
		.doNotHaveFullyQualifiedName("dev.latchkey.scanner.scan.ScanService")
		.should()
		.callMethod(SecretFields.class, "value", String.class)
		.orShould()
		.callMethod(SecretFields.class, "encode");

	@ArchTest
	static final ArchRule onlyTheListenerConsumesKafka = noClasses().that()
		.resideInAPackage("dev.latchkey.scanner..")
		.and(not(JavaClass.Predicates.simpleNameEndingWith("Listener")))
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.kafka.annotation.KafkaListener");

}

package dev.latchkey.vault;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.latchkey.vault", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	/**
	 * Listeners, controllers, repositories and publishers: where the outside world is
	 * mapped.
	 */
	private static final DescribedPredicate<JavaClass> adapters = DescribedPredicate.describe("adapters",
			(javaClass) -> {
				String name = javaClass.getSimpleName();
				JavaClass outer = javaClass.getEnclosingClass().orElse(javaClass);
				String outerName = outer.getSimpleName();
				return isAdapter(name) || isAdapter(outerName);
			});

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("dev.latchkey.vault.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule domainIsFreeOfAdapterTechnology = noClasses().that()
		.resideInAnyPackage("dev.latchkey.vault.credential..", "dev.latchkey.vault.lease..")
		.and(DescribedPredicate.not(adapters))
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.avro..", "dev.latchkey.schemas..", "org.apache.kafka..",
				"org.springframework.kafka..", "com.google.crypto.tink..", "com.mongodb..", "org.bson..",
				"org.springframework.data.mongodb..", "org.springframework.web..", "org.springframework.http..");

	@ArchTest
	static final ArchRule tinkStaysInTheCryptoPackage = noClasses().that()
		.resideOutsideOfPackage("dev.latchkey.vault.crypto..")
		.and(DescribedPredicate.not(adapters))
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.google.crypto.tink..");

	@ArchTest
	static final ArchRule featuresDoNotDependOnWiring = noClasses().that()
		.resideOutsideOfPackage("dev.latchkey.vault.config..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.latchkey.vault.config..");

	private static boolean isAdapter(String name) {
		return name.endsWith("Listener") || name.endsWith("Controller") || name.endsWith("Configuration")
				|| name.startsWith("Mongo") || name.startsWith("Kafka");
	}

}

package dev.latchkey.collector;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.latchkey.collector", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("dev.latchkey.collector.(*)..").should().beFreeOfCycles();

	/** Only the Kafka adapter knows Kafka, Avro and the event schemas. */
	@ArchTest
	static final ArchRule domainIsFreeOfMessaging = noClasses().that()
		.haveSimpleNameNotStartingWith("Kafka")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..", "org.apache.avro..",
				"dev.latchkey.schemas..");

	/** Tink stays in the key wiring; the rest sees only Sealer. */
	@ArchTest
	static final ArchRule onlyKeyWiringKnowsTink = noClasses().that()
		.resideOutsideOfPackage("dev.latchkey.collector.config..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.google.crypto.tink..");

	/** The use case, its types and its publisher port know nothing of HTTP. */
	@ArchTest
	static final ArchRule domainIsFreeOfWeb = noClasses().that()
		.resideInAPackage("dev.latchkey.collector.credential..")
		.and()
		.haveSimpleNameNotEndingWith("Controller")
		.and()
		.haveSimpleNameNotEndingWith("Problems")
		.and()
		.areNotNestedClasses()
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "dev.latchkey.websecurity..",
				"dev.latchkey.collector.web..");

}

package dev.latchkey.status;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Packages by feature without cycles; the view's domain types know nothing of Kafka,
 * Avro, the web or Spring.
 */
@AnalyzeClasses(packages = "dev.latchkey.status", importOptions = ImportOption.DoNotIncludeTests.class)
class StatusArchitectureTest {

	private static final String[] ADAPTER_SUFFIXES = { "Listener", "Controller", "HealthIndicator", "Configuration",
			"Properties", "Exception", "Route" };

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching("dev.latchkey.status.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule domainIsFreeOfAdapters = noClasses().that()
		.resideInAPackage("dev.latchkey.status.integration")
		.and(com.tngtech.archunit.base.DescribedPredicate.describe("are domain types",
				StatusArchitectureTest::isDomain))
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "org.springframework..", "org.apache.avro..",
				"dev.latchkey.schemas..", "dev.latchkey.websecurity..", "io.apicurio..", "tools.jackson..",
				"com.fasterxml..");

	@ArchTest
	static final ArchRule featuresDoNotUseTheWiring = noClasses().that()
		.resideInAPackage("dev.latchkey.status.integration..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.latchkey.status.config..");

	private static boolean isDomain(JavaClass type) {
		String qualified = type.getName();
		String name = qualified.substring(qualified.lastIndexOf('.') + 1).split("\\$")[0];
		for (String suffix : ADAPTER_SUFFIXES) {
			if (name.endsWith(suffix)) {
				return false;
			}
		}
		return true;
	}

}

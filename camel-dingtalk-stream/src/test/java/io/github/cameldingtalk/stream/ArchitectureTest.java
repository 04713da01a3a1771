package io.github.cameldingtalk.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the design (docs: "Architecture"): the Camel surface and consumer/, producer/ → app/ → client/,
 * openapi/ → model/; nothing reaches back up, no layer is skipped, and the engine below app/ knows no Camel.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.cameldingtalk.stream";

    /** The rules for a code base whose packages sit under {@code root}. */
    static List<ArchRule> rules(String root) {
        String surface = root;
        String consumer = root + ".consumer..";
        String producer = root + ".producer..";
        String app = root + ".app..";
        String client = root + ".client..";
        String openapi = root + ".openapi..";
        String model = root + ".model..";
        String cluster = root + ".cluster..";
        return List.of(
                noClasses().that().resideInAnyPackage(surface, consumer, producer)
                        .should().dependOnClassesThat().resideInAnyPackage(client, openapi)
                        .as("the Camel surface, consumer/ and producer/ reach the engine only through app/")
                        .allowEmptyShould(true),
                noClasses().that().resideInAPackage(app)
                        .should().dependOnClassesThat().resideInAnyPackage(surface, consumer, producer, cluster)
                        .as("app/ never calls back up").allowEmptyShould(true),
                noClasses().that().resideInAnyPackage(client, openapi, model)
                        .should().dependOnClassesThat().resideInAnyPackage(surface, consumer, producer, app, cluster)
                        .as("client/, openapi/ and model/ know nothing above them").allowEmptyShould(true),
                noClasses().that().resideInAPackage(client)
                        .should().dependOnClassesThat().resideInAPackage(openapi)
                        .as("the Stream engine and the outbound HTTP are independent").allowEmptyShould(true),
                noClasses().that().resideInAPackage(openapi)
                        .should().dependOnClassesThat().resideInAPackage(client)
                        .as("the outbound HTTP and the Stream engine are independent").allowEmptyShould(true),
                noClasses().that().resideInAPackage(model)
                        .should().dependOnClassesThat().resideInAnyPackage(client, openapi)
                        .as("model/ is the bottom").allowEmptyShould(true),
                noClasses().that().resideInAnyPackage(app, client, openapi, model)
                        .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                        .as("below the Camel surface nothing imports Camel").allowEmptyShould(true),
                noClasses().that().resideInAnyPackage(consumer)
                        .should().dependOnClassesThat().resideInAPackage(producer)
                        .as("consumer/ and producer/ are independent").allowEmptyShould(true),
                noClasses().that().resideInAnyPackage(producer)
                        .should().dependOnClassesThat().resideInAPackage(consumer)
                        .as("producer/ and consumer/ are independent").allowEmptyShould(true),
                classes().that().resideInAPackage(root + "..")
                        .should().resideInAnyPackage(surface, consumer, producer, app, client, openapi, model, cluster)
                        .as("every class lives in one of the layers").allowEmptyShould(true));
    }

    @Test
    void theComponentKeepsTheArrowsOfTheDesign() {
        JavaClasses component = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertTrue(component.size() > 50, "the component's classes were found");
        rules(ROOT).forEach(rule -> rule.check(component));
    }

    @Test
    void aConsumerClassThatImportsTheEngineIsRefused() {
        String fixture = "io.github.cameldingtalk.archfixture";
        JavaClasses classes = new ClassFileImporter().importPackages(fixture);
        AssertionError refused = assertThrows(AssertionError.class,
                () -> rules(fixture).forEach(rule -> rule.check(classes)));
        assertTrue(refused.getMessage().contains("ShortCut"), refused.getMessage());
        assertTrue(refused.getMessage().contains("reach the engine only through app/"), refused.getMessage());
    }
}

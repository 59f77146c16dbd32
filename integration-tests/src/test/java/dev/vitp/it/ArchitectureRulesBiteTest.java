package dev.vitp.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.vitp.api.Vitp;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The custom conditions of {@link ArchitectureTest} flag what they should (this package has no package-info). */
class ArchitectureRulesBiteTest {

  /** A public method with a checked exception, in a package without @NullMarked. */
  public static final class Offender {
    public void read() throws IOException {}

    public void fine() {}
  }

  @Test
  void nullMarkedConditionFlagsAnUnmarkedPackageOnly() {
    JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
    assertTrue(classes().should(ArchitectureTest.beInANullMarkedPackage())
        .evaluate(offender).hasViolation());
    JavaClasses api = new ClassFileImporter().importPackagesOf(Vitp.class);
    assertFalse(classes().should(ArchitectureTest.beInANullMarkedPackage())
        .evaluate(api).hasViolation());
  }

  @Test
  void cliRuleFlagsACommandThatUsesAPluginClass() {
    JavaClasses probe = new ClassFileImporter().importClasses(
        dev.vitp.cli.archprobe.CommandUsingAPluginClass.class);
    assertTrue(ArchitectureTest.cliUsesOnlyTheFacade().evaluate(probe).hasViolation());
    JavaClasses cli = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vitp.cli");
    assertFalse(ArchitectureTest.cliUsesOnlyTheFacade().evaluate(cli).hasViolation());
  }

  @Test
  void toolkitRuleFlagsAHelperThatUsesTheApi() {
    JavaClasses probe = new ClassFileImporter().importClasses(
        dev.vitp.toolkit.archprobe.HelperUsingTheApi.class);
    assertTrue(ArchitectureTest.toolkitDependsOnlyOnSpiAndTheJdk().evaluate(probe).hasViolation());
    JavaClasses toolkit = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.vitp.toolkit");
    assertFalse(ArchitectureTest.toolkitDependsOnlyOnSpiAndTheJdk().evaluate(toolkit)
        .hasViolation());
  }

  @Test
  void checkedExceptionConditionFlagsThrowsClauses() {
    JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
    assertTrue(codeUnits().that().arePublic()
        .should(ArchitectureTest.declareNoCheckedExceptions()).evaluate(offender).hasViolation());
    assertFalse(codeUnits().that().arePublic().and().haveName("fine")
        .should(ArchitectureTest.declareNoCheckedExceptions()).evaluate(offender).hasViolation());
  }
}

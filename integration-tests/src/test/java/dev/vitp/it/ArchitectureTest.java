package dev.vitp.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;

/**
 * The module rules of ARCHITECTURE.md, enforced on the production classes of every module (the
 * Maven enforcer rules check the same at the dependency level). Rules over packages that may still
 * be empty (plugins, a second backend) allow an empty match instead of failing on it.
 */
@AnalyzeClasses(packages = "dev.vitp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule spiDependsOnNoOtherVitpModule = noClasses()
      .that().resideInAPackage("dev.vitp.spi..")
      .should().dependOnClassesThat(
          resideInAPackage("dev.vitp..").and(not(resideInAPackage("dev.vitp.spi.."))))
      .because("spi is the contract every other module builds on");

  @ArchTest
  static final ArchRule spiDependsOnlyOnJdkJacksonAnnotationsAndJSpecify = classes()
      .that().resideInAPackage("dev.vitp.spi..")
      .should().onlyDependOnClassesThat().resideInAnyPackage(
          "dev.vitp.spi..", "java..", "com.fasterxml.jackson.annotation..", "org.jspecify..")
      .because("spi holds contracts only: it may depend on the JDK, jackson-annotations and "
          + "JSpecify (no Guice, no DJL, no databind; the image codec lives in toolkit)");

  @ArchTest
  static final ArchRule spiHasNoGuiceDjlOrDatabind = noClasses()
      .that().resideInAPackage("dev.vitp.spi..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.google.inject..", "ai.djl..", "com.fasterxml.jackson.databind..");

  @ArchTest
  static final ArchRule toolkitDependsOnSpiOnly = toolkitDependsOnlyOnSpiAndTheJdk();

  /** Helpers beside the contracts: what a plugin may use without pulling in the runtime. */
  static ArchRule toolkitDependsOnlyOnSpiAndTheJdk() {
    return classes()
        .that().resideInAPackage("dev.vitp.toolkit..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.vitp.toolkit..", "dev.vitp.spi..", "java..", "javax.imageio..",
            "com.fasterxml.jackson.annotation..", "org.jspecify..")
        .because("toolkit builds on spi and the JDK (ImageIO for the image codec) only, so "
            + "that plugins may use it and spi never needs it");
  }

  @ArchTest
  static final ArchRule apiDependsOnNoBackendPluginOrCli = noClasses()
      .that().resideInAPackage("dev.vitp.api..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.vitp.backend..", "dev.vitp.plugins..", "dev.vitp.cli..", "ai.djl..")
      .because("api finds backends and plugins through ServiceLoader, never by name");

  @ArchTest
  static final ArchRule backendsDoNotDependOnEachOther = slices()
      .matching("dev.vitp.backend.(*)..")
      .should().notDependOnEachOther()
      .allowEmptyShould(true);

  @ArchTest
  static final ArchRule backendsDoNotDependOnApi = noClasses()
      .that().resideInAPackage("dev.vitp.backend..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.vitp.api..", "dev.vitp.plugins..", "dev.vitp.cli..", "com.google.inject..")
      .allowEmptyShould(true)
      .because("backends implement spi only");

  @ArchTest
  static final ArchRule pluginsDependOnSpiAndToolkitOnly = noClasses()
      .that().resideInAPackage("dev.vitp.plugins..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.vitp.api..", "dev.vitp.backend..", "dev.vitp.cli..", "com.google.inject..",
          "ai.djl..")
      .allowEmptyShould(true)
      .because("plugins are written against spi (and its helpers in toolkit) and run on every "
          + "backend");

  @ArchTest
  static final ArchRule cliUsesNoBackendOrPluginClass = cliUsesOnlyTheFacade();

  /** The command line is a thin adapter: components come by name through the facade. */
  static ArchRule cliUsesOnlyTheFacade() {
    return noClasses()
        .that().resideInAPackage("dev.vitp.cli..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.vitp.backend..", "dev.vitp.plugins..", "ai.djl..")
        .because("the CLI reaches backends and plugins by name through the Vitp facade, as a "
            + "third party's plugin is reached");
  }

  @ArchTest
  static final ArchRule nothingDependsOnCli = noClasses()
      .that().resideOutsideOfPackages("dev.vitp.cli..", "dev.vitp.spark..")
      .should().dependOnClassesThat().resideInAPackage("dev.vitp.cli..")
      .because("cli is the application at the top; nothing builds on it but the spark module, "
          + "which adds commands through its extension points (SparkModuleRulesTest)");

  @ArchTest
  static final ArchRule spiToolkitAndApiPackagesAreNullMarked = classes()
      .that().resideInAnyPackage("dev.vitp.spi..", "dev.vitp.toolkit..", "dev.vitp.api..")
      .should(beInANullMarkedPackage())
      .because("every api/spi/toolkit package is @NullMarked (JSpecify) via package-info, for "
          + "Kotlin");

  @ArchTest
  static final ArchRule publicSpiAndApiDeclareNoCheckedExceptions = codeUnits()
      .that().arePublic()
      .and().areDeclaredInClassesThat().arePublic()
      .and().areDeclaredInClassesThat().resideInAnyPackage("dev.vitp.spi..", "dev.vitp.api..")
      .should(declareNoCheckedExceptions())
      .because("vitp errors are unchecked VitpExceptions; checked exceptions are friction in Kotlin "
          + "and lambdas");

  static ArchCondition<JavaClass> beInANullMarkedPackage() {
    return new ArchCondition<>("be in a package whose package-info is annotated @NullMarked") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        boolean marked = javaClass.getPackage().isAnnotatedWith(NullMarked.class);
        if (!marked) {
          events.add(SimpleConditionEvent.violated(javaClass, "package "
              + javaClass.getPackageName() + " of " + javaClass.getName()
              + " has no package-info annotated @NullMarked"));
        }
      }
    };
  }

  static ArchCondition<JavaCodeUnit> declareNoCheckedExceptions() {
    return new ArchCondition<>("declare no checked exceptions") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        for (JavaClass thrown : unit.getThrowsClause().getTypes()) {
          boolean checked = thrown.isAssignableTo(Exception.class)
              && !thrown.isAssignableTo(RuntimeException.class);
          if (checked) {
            events.add(SimpleConditionEvent.violated(unit,
                unit.getFullName() + " declares checked " + thrown.getName()));
          }
        }
      }
    };
  }
}

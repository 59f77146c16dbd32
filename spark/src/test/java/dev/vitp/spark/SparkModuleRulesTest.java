package dev.vitp.spark;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.vitp.cli.CliExtension;
import dev.vitp.cli.ClusterJobs;
import dev.vitp.cli.EmbedOptions;
import dev.vitp.cli.ImageList;
import dev.vitp.cli.OutPaths;
import dev.vitp.cli.PredictOptions;
import dev.vitp.cli.SparkMaster;
import dev.vitp.cli.charts.Curves;

/**
 * Where the Spark module may reach: the facade, the loader's record checks (so that curate skips
 * what pretraining skips) and the command line's extension points; never a backend or a task
 * plugin, and nothing of Spark leaks the other way (the core modules do not have it at all).
 */
@AnalyzeClasses(packages = "dev.vitp", importOptions = ImportOption.DoNotIncludeTests.class)
class SparkModuleRulesTest {
  @ArchTest
  static final ArchRule sparkUsesNoBackendOrTaskPlugin = noClasses()
      .that().resideInAPackage("dev.vitp.spark..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.vitp.backend..",
          "dev.vitp.plugins.tasks..")
      .because("Spark jobs run models through the facade (Vitp, ImageEmbedder)");

  @ArchTest
  static final ArchRule sparkUsesTheCliOnlyThroughItsExtensionPoints = noClasses()
      .that().resideInAPackage("dev.vitp.spark..")
      .should().dependOnClassesThat(resideInAPackage("dev.vitp.cli..").and(not(belongToAnyOf(
          CliExtension.class, ClusterJobs.class, EmbedOptions.class, PredictOptions.class,
          ImageList.class, OutPaths.class, SparkMaster.class, Curves.class))))
      .because("the module adds commands to the CLI through its extension points and reuses "
          + "its path checks and chart style; the commands themselves stay the CLI's");

  @ArchTest
  static final ArchRule onlyTheSparkModuleSeesSpark = noClasses()
      .that().resideOutsideOfPackage("dev.vitp.spark..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
      .because("the core jar stays free of Spark: it comes with the spark module only");
}

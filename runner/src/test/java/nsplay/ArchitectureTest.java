package nsplay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering: the wire codec (netlink) and the native bridge (jni) stand alone; the kernel facade
 * knows nothing of playbooks or tasks; tasks know nothing of how they are run; the command line is
 * a leaf that nothing else calls, and it reaches labs (their state, lock, host and kernel) only
 * through the application layer.
 */
@AnalyzeClasses(packages = "nsplay", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule netlinkStandsAlone =
      classes()
          .that()
          .resideInAPackage("nsplay.netlink..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "nsplay.netlink..")
          .because("the netlink codec is pure bytes, tested byte by byte without a kernel");

  @ArchTest
  static final ArchRule jniStandsAlone =
      classes()
          .that()
          .resideInAPackage("nsplay.jni..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "nsplay.jni..")
          .because("the native bridge is a thin layer over system calls");

  @ArchTest
  static final ArchRule utilStandsAlone =
      classes()
          .that()
          .resideInAPackage("nsplay.util..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "nsplay.util..")
          .because("every layer but the two that stand alone may use it");

  @ArchTest
  static final ArchRule kernelKnowsNoPlaybooks =
      noClasses()
          .that()
          .resideInAPackage("nsplay.kernel..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "nsplay.task..", "nsplay.engine..", "nsplay.cli..", "nsplay.playbook..")
          .because("the kernel facade serves tasks, it does not know them");

  @ArchTest
  static final ArchRule tasksKnowNotHowTheyRun =
      noClasses()
          .that()
          .resideInAPackage("nsplay.task..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("nsplay.engine..", "nsplay.cli..")
          .because("tasks are driven by the engine, never the other way round");

  @ArchTest
  static final ArchRule cliIsALeaf =
      noClasses()
          .that()
          .resideOutsideOfPackage("nsplay.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("nsplay.cli..")
          .because("the command line is the outermost layer");

  @ArchTest
  static final ArchRule appIsOnlyCalledByTheCli =
      noClasses()
          .that()
          .resideOutsideOfPackages("nsplay.app..", "nsplay.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("nsplay.app..")
          .because("the application layer sits between the command line and everything else");

  @ArchTest
  static final ArchRule cliOpensLabsOnlyThroughApp =
      noClasses()
          .that()
          .resideInAPackage("nsplay.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("nsplay.state..", "nsplay.kernel..")
          .because(
              "a lab is opened (journal, lock, host namespace, kernel) in one place: nsplay.app");

  @ArchTest
  static final ArchRule stateKnowsNotWhoUsesIt =
      noClasses()
          .that()
          .resideInAPackage("nsplay.state..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("nsplay.engine..", "nsplay.cli..", "nsplay.task..", "nsplay.report..")
          .because(
              "the journal's kinds (how each is encoded, judged and undone) and the ownership"
                  + " rule sit below everything that runs tasks or reads labs");
}

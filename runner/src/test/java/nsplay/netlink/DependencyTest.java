package nsplay.netlink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The codec stays pure: JDK and itself only, so it can be reused and tested without JNI. */
@AnalyzeClasses(packages = "nsplay.netlink", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyTest {
  @ArchTest
  static final ArchRule onlyJdkAndItself =
      classes()
          .that()
          .resideInAPackage("nsplay.netlink..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "nsplay.netlink..", "");
}

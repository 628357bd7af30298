package io.pcapflow.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core's layering, enforced: bytes → capture → decode → (later) tcp / correlate → export.
 * A layer may use the layers below it, never one above; nothing in the core touches the process
 * (System.exit, stdout/stderr) or the wall clock.
 */
class LayeringTest {
    private static final JavaClasses CORE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.pcapflow");

    @Test
    void shouldImportTheCoreItself() {
        org.assertj.core.api.Assertions.assertThat(CORE.containPackage("io.pcapflow.decode.header")).isTrue();
        org.assertj.core.api.Assertions.assertThat(CORE.containPackage("io.pcapflow.testkit")).isFalse();
    }

    @Test
    void shouldKeepBytesAtTheBottom() {
        noClasses().that().resideInAPackage("io.pcapflow.bytes..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pcapflow.capture..", "io.pcapflow.decode..",
                "io.pcapflow.tcp..", "io.pcapflow.track..", "io.pcapflow.analyze..", "io.pcapflow.correlate..",
                "io.pcapflow.export..")
            .check(CORE);
    }

    @Test
    void shouldKeepCaptureBelowDecode() {
        noClasses().that().resideInAPackage("io.pcapflow.capture..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pcapflow.decode..", "io.pcapflow.tcp..",
                "io.pcapflow.track..", "io.pcapflow.analyze..", "io.pcapflow.correlate..", "io.pcapflow.export..")
            .check(CORE);
    }

    @Test
    void shouldKeepDecodeBelowAnalysis() {
        noClasses().that().resideInAPackage("io.pcapflow.decode..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pcapflow.tcp..", "io.pcapflow.track..",
                "io.pcapflow.analyze..", "io.pcapflow.correlate..", "io.pcapflow.export..")
            .check(CORE);
    }

    @Test
    void shouldKeepHeaderFlyweightsFreeOfTheRecordModel() {
        noClasses().that().resideInAPackage("io.pcapflow.decode.header..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pcapflow.capture..", "io.pcapflow.decode")
            .check(CORE);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("io.pcapflow.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void shouldNotTouchTheProcessOrTheWallClock() {
        noClasses().should().callMethod(System.class, "exit", int.class)
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .check(CORE);
    }
}

package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The benchmark's header names the commit its jar was built from. */
class MachineInfoTest {

    @Test
    void theCommitComesFromTheBuildsGitProperties() {
        assertThat(MachineInfo.builtFrom(properties("git.commit.id.abbrev=0677fe3\ngit.dirty=false\n"))).isEqualTo("0677fe3");
        assertThat(MachineInfo.builtFrom(properties("git.commit.id.abbrev=0677fe3\ngit.dirty=true\n"))).isEqualTo("0677fe3-dirty");
        assertThat(MachineInfo.builtFrom(properties("git.dirty=false\n"))).isNull();
        assertThat(MachineInfo.builtFrom(null)).isNull();
    }

    @Test
    void theBuildWritesTheCommitAndTheHeaderUsesIt() {
        // a checkout with its .git (CI's clean clone) gets git.properties from the build; a source tree without one does not
        assumeTrue(Files.isDirectory(Path.of("../../.git")), "not a git checkout");
        assertThat(MachineInfo.class.getResource("/git.properties")).isNotNull();
        assertThat(MachineInfo.commit()).matches("commit [0-9a-f]{7,}(-dirty)?");
    }

    private static ByteArrayInputStream properties(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}

package org.casejourney.platform.pseudonyms;

import org.casejourney.events.Pseudonyms;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymsConfigurationTest {

    /** The query side's tests' key (TestPseudonyms). */
    private static final String SECRET = "test-only-pseudonym-key-never-used-outside-tests-42";

    @Test
    void startUpFailsWithAMessageNamingTheSettingWhenTheSecretIsMissing() {
        for (String missing : new String[]{null, "", "   "}) {
            assertThatThrownBy(() -> PseudonymsConfiguration.checked(missing))
                    .hasMessageContaining("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is not set");
        }
    }

    @Test
    void startUpFailsWhenTheSecretIsShorterThan32Bytes() {
        assertThatThrownBy(() -> PseudonymsConfiguration.checked("x".repeat(31))).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void theTestSecretGivesStablePseudonyms() {
        Pseudonyms expected = new Pseudonyms(SECRET);
        assertThat(new PseudonymsConfiguration().pseudonyms(new PseudonymsProperties(SECRET)).of("anna-1")).isEqualTo(expected.of("anna-1"))
                .startsWith("ps-").hasSize(29).isNotEqualTo(expected.of("anna-2"));
    }
}

package org.casejourney.query.platform;

import org.casejourney.query.TestPseudonyms;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymsConfigurationTest {

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
        assertThat(new PseudonymsConfiguration().pseudonyms(TestProperties.with("casejourney.pseudonyms.secret", TestPseudonyms.SECRET)).of("anna-1")).isEqualTo(TestPseudonyms.of("anna-1"))
                .startsWith("ps-").hasSize(29).isNotEqualTo(TestPseudonyms.of("anna-2"));
    }
}

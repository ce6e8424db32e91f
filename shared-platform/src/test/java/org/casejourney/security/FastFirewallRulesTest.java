package org.casejourney.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header rules answer as Spring Security's own regular expressions do, on any text. */
class FastFirewallRulesTest {

    // the expressions of Spring Security's StrictHttpFirewall (6.5)
    private static final Pattern ASSIGNED_NOT_CONTROL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void answersAsTheExpressionsOnEdgeCasesAndOnRandomText() {
        List<String> texts = new ArrayList<>(List.of("", "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig", "café", "日本語", "😀 emoji",
                "tab\there", "nul\u0000", "del\u007f", "c1\u0085", "unassigned\u0378", "private use \ue000", "lone \ud800 surrogate",
                "lone low \udc00", "line\nfeed", "carriage\rreturn", "\u00a0nbsp", "\u200bzero width", "\ufeffbom", "\uffff noncharacter",
                "\u2028 line separator", "\ud83e\udd1d", "x".repeat(2000)));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                int pick = random.nextInt(4);
                text.append((char) (pick == 0 ? random.nextInt(0x100) : pick == 1 ? random.nextInt(0x10000) : 0x20 + random.nextInt(0x5f)));
            }
            texts.add(text.toString());
        }

        for (String text : texts) {
            assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL.test(text)).as(describe(text)).isEqualTo(ASSIGNED_NOT_CONTROL.matcher(text).matches());
            assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL_OR_TAB.test(text)).as(describe(text)).isEqualTo(HEADER_VALUE.matcher(text).matches());
        }
    }

    @Test
    void controlCharactersAreRefusedAndTabOnlyInHeaderValues() {
        assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL_OR_TAB.test("a\tb")).isTrue();
        assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL.test("a\tb")).isFalse();
        assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL_OR_TAB.test("a\u0000b")).isFalse();
        assertThat(FastFirewallRules.ASSIGNED_NOT_CONTROL_OR_TAB.test("a\u0378b")).isFalse();
    }

    private static String describe(String text) {
        StringBuilder codes = new StringBuilder();
        text.codePoints().limit(20).forEach(c -> codes.append(String.format("U+%04X ", c)));
        return codes.toString();
    }

    @Test
    void everyHeaderIsCheckedAsTheRequestEntersNotOnlyThoseReadLater() {
        org.springframework.mock.web.MockHttpServletRequest fine = new org.springframework.mock.web.MockHttpServletRequest("POST", "/api/v1/events/batch");
        fine.addHeader("X-Note", "caf\u00e9\tand a tab");
        assertThat(FastFirewallRules.firewall().getFirewalledRequest(fine).getHeader("X-Note")).isEqualTo("caf\u00e9\tand a tab");

        org.springframework.mock.web.MockHttpServletRequest hostile = new org.springframework.mock.web.MockHttpServletRequest("POST", "/api/v1/events/batch");
        hostile.addHeader("Content-Type", "application/json");
        hostile.addHeader("X-Note", "fine");
        hostile.addHeader("X-Note", "a\u0085b"); // the second value of a header no endpoint reads
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FastFirewallRules.firewall().getFirewalledRequest(hostile))
                .isInstanceOf(org.springframework.security.web.firewall.RequestRejectedException.class)
                .hasMessageContaining("X-Note");
    }
}

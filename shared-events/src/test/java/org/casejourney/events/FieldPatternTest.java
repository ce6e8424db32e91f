package org.casejourney.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class FieldPatternTest {

    /** Characters the texts are drawn from: every class edge, separators, space, non-ASCII, a surrogate pair's halves. */
    private static final String ALPHABET = "AZaz09@[`{/:._-+~ \t\u00e9\u00ff\u20ac\ud83d\ude00MNmn5'\"\\";

    private static final List<String> EXPRESSIONS = List.of(
            Fields.ID_PATTERN, Fields.PERSON_ID_PATTERN, Fields.CODE_PATTERN, FailureCategories.PATTERN,
            "[a-c]{2}[x-z]{0,3}", "[0-9]+", "[a-]?", "[A-Z]{3}",
            // not of the simple kind: the JDK answers
            "[a-z]*[a-z]", "ps-[a-z2-7]{26}", "[^a-z]+", "[a-z]{1,3}?", "(ab)+", "[\\w]+");

    @Test
    void answersAsTheJdksMatcherOnEveryTextTried() {
        Random random = new Random(20261204);
        for (String expression : EXPRESSIONS) {
            FieldPattern fast = FieldPattern.compile(expression);
            Pattern jdk = Pattern.compile(expression);
            for (int n = 0; n < 20_000; n++) {
                String text = text(random, expression);
                assertThat(fast.matches(text)).as("%s on \"%s\"", expression, text).isEqualTo(jdk.matcher(text).matches());
            }
        }
    }

    @Test
    void theFieldRulesAreMatchedWithoutTheJdk() throws Exception {
        var fallback = FieldPattern.class.getDeclaredField("fallback");
        fallback.setAccessible(true);
        for (String rule : List.of(Fields.ID_PATTERN, Fields.PERSON_ID_PATTERN, Fields.CODE_PATTERN, FailureCategories.PATTERN)) {
            assertThat(fallback.get(FieldPattern.compile(rule))).as(rule).isNull();
        }
        assertThat(fallback.get(FieldPattern.compile("[a-z]*[a-z]"))).isNotNull();
    }

    /** Mostly texts close to matching (drawn from the expression's own characters), some from the wider alphabet, lengths 0-140. */
    private static String text(Random random, String expression) {
        String letters = random.nextInt(3) == 0 ? ALPHABET : expression.replaceAll("[\\[\\]{}0-9,*+?^]", "") + "AZaz09.";
        int length = random.nextInt(4) == 0 ? random.nextInt(141) : random.nextInt(8);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < length; k++) {
            text.append(letters.charAt(random.nextInt(letters.length())));
        }
        return text.toString();
    }
}

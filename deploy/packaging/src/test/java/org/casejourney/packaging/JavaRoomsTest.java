package org.casejourney.packaging;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link JavaRooms} counts, on sources written to trip a counter that reads text rather than Java. */
class JavaRoomsTest {

    private static JavaRooms.Sizes measure(String source) {
        return JavaRooms.measure(Map.of("A.java", source));
    }

    @Test
    void aFileHasTheLinesWcCountsWithOrWithoutAFinalNewline() {
        assertThat(JavaRooms.lines("class A {\n}\n")).isEqualTo(2);
        assertThat(JavaRooms.lines("class A {\n}")).isEqualTo(2);
        assertThat(measure("class A {\n}\n").rooms()).containsExactly(new JavaRooms.Room("A.java", 2));
    }

    @Test
    void aMethodRunsFromItsSignatureToItsClosingBraceWithItsAnnotationsAndJavadocLeftOut() {
        JavaRooms.Sizes sizes = measure("""
                class A {
                    /** says why */
                    @Deprecated
                    @SuppressWarnings({"a",
                            "b"})
                    void m(int x,
                           int y) {
                        x++;
                    }
                    @Override public String toString() { return ""; }
                    A() {
                    }
                }
                """);
        assertThat(sizes.methods()).containsExactly(new JavaRooms.Method("A.java", "m", 4),
                new JavaRooms.Method("A.java", "toString", 1), new JavaRooms.Method("A.java", "<init>", 2));
    }

    @Test
    void bracesInStringsTextBlocksCharactersAndCommentsDoNotEndAMethod() {
        JavaRooms.Sizes sizes = measure("""
                class A {
                    String m() {
                        char c = '}';
                        // }
                        /* } } */
                        String s = "}}";
                        return \"""
                            }
                            \""" + c + s;
                    }
                    void n() {
                    }
                }
                """);
        assertThat(sizes.methods()).containsExactly(new JavaRooms.Method("A.java", "m", 9), new JavaRooms.Method("A.java", "n", 2));
    }

    @Test
    void lambdasAndLocalClassesCountWithinTheirMethodAndTheirOwnMethodsCountAgain() {
        JavaRooms.Sizes sizes = measure("""
                class A {
                    Runnable m() {
                        Runnable r = () -> {
                            System.out.println();
                        };
                        return new Runnable() {
                            public void run() {
                                r.run();
                            }
                        };
                    }
                    record R(int a) {
                        R {
                        }
                    }
                }
                """);
        assertThat(sizes.methods()).containsExactly(new JavaRooms.Method("A.java", "m", 10), new JavaRooms.Method("A.java", "run", 3),
                new JavaRooms.Method("A.java", "<init>", 2));
    }

    @Test
    void aSourceJavacCannotParseIsAnErrorNotASilentZero() {
        assertThatThrownBy(() -> measure("class A { void m() { }")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A.java:1");
    }
}

package org.casejourney.packaging;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of Java sources as javac's own parser reads them (the JDK's compiler tree API, so strings,
 * text blocks, characters and comments never confuse a count): each file's lines, and each method's
 * and constructor's lines from its signature to its closing brace. Annotations are left out of a
 * method's lines (they describe it, as the OpenAPI annotations do); lambdas and local or anonymous
 * classes count within the method they sit in, and their own methods count again on their own.
 */
final class JavaRooms {

    /** A file's lines, counted as {@code wc -l} counts them (a last line without a newline counts too). */
    record Room(String file, int lines) {
    }

    /** A method or constructor ({@code <init>}) of a file, by name, and its lines. */
    record Method(String file, String name, int lines) {
    }

    record Sizes(List<Room> rooms, List<Method> methods) {
    }

    private JavaRooms() {
    }

    /** Measures the sources, keyed by the name to report them by; any source javac cannot parse is an error. */
    static Sizes measure(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        // javac hands back its own wrappers of the file objects: each is found again by its URI
        Map<URI, Source> byUri = new HashMap<>();
        sources.forEach((name, text) -> {
            Source source = new Source(name, text);
            byUri.put(source.toUri(), source);
        });
        List<JavaFileObject> files = List.copyOf(byUri.values());
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, files);
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> byUri.get(d.getSource().toUri()).name + ":" + d.getLineNumber() + ": " + d.getMessage(null)).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("javac cannot parse: " + errors);
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Room> rooms = new ArrayList<>();
        List<Method> methods = new ArrayList<>();
        for (CompilationUnitTree unit : units) {
            Source source = byUri.get(unit.getSourceFile().toUri());
            rooms.add(new Room(source.name, lines(source.text)));
            unit.accept(new MethodScanner(source, unit, positions, methods), null);
        }
        return new Sizes(rooms, methods);
    }

    static int lines(String text) {
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
    }

    private static final class MethodScanner extends TreeScanner<Void, Void> {

        private final Source source;
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final List<Method> methods;

        MethodScanner(Source source, CompilationUnitTree unit, SourcePositions positions, List<Method> methods) {
            this.source = source;
            this.unit = unit;
            this.positions = positions;
            this.methods = methods;
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            long end = positions.getEndPosition(unit, method);
            if (end > 0) { // a record's implicit members have no position
                LineMap lines = unit.getLineMap();
                long first = lines.getLineNumber(signatureStart(method));
                methods.add(new Method(source.name, method.getName().toString(), (int) (lines.getLineNumber(end) - first + 1)));
            }
            return super.visitMethod(method, unused);
        }

        /** Where the method begins once its annotations are set aside: the first character after the last of them. */
        private long signatureStart(MethodTree method) {
            long start = positions.getStartPosition(unit, method);
            for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
                start = Math.max(start, positions.getEndPosition(unit, annotation));
            }
            while (start < source.text.length() && Character.isWhitespace(source.text.charAt((int) start))) {
                start++;
            }
            return start;
        }
    }

    private static final class Source extends SimpleJavaFileObject {

        final String name;
        final String text;

        Source(String name, String text) {
            super(URI.create("string:///" + name.replace('\\', '/').replace(' ', '_')), Kind.SOURCE);
            this.name = name;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}

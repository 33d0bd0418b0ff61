package dev.serverlessmysql.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} (where SLF4J's simple logger writes) while it is
 * open, and still shows it on the console:
 * <pre>{@code
 * try (CapturedOutput err = CapturedOutput.ofStandardError()) {
 *     ...
 *     assertThat(err.text()).contains("WARN");
 * }
 * }</pre>
 */
public final class CapturedOutput implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedOutput() {
        original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing {@code System.err}. */
    public static CapturedOutput ofStandardError() {
        return new CapturedOutput();
    }

    /** Everything written so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Restores the original {@code System.err}. */
    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private static final class Tee extends OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream capture;

        Tee(PrintStream console, ByteArrayOutputStream capture) {
            this.console = console;
            this.capture = capture;
        }

        @Override
        public void write(int b) {
            console.write(b);
            synchronized (capture) {
                capture.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            synchronized (capture) {
                capture.write(bytes, offset, length);
            }
        }
    }
}

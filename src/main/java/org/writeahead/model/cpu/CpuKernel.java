package org.writeahead.model.cpu;

/**
 * Whether the CPU decode kernel can run here. It needs Java's Vector API, an incubator module in
 * Java 17 that the JVM only loads when asked ({@code --add-modules jdk.incubator.vector}, as the
 * README's commands do); without it decoding stays with PyTorch. {@code -Dwriteahead.decode=djl}
 * turns the kernel off, for comparisons.
 */
public final class CpuKernel {

    private CpuKernel() {}

    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"djl".equals(System.getProperty("writeahead.decode"));
    }

    /** Why {@link #available()} is false, for a notice; null when it is true. */
    public static String unavailableReason() {
        if ("djl".equals(System.getProperty("writeahead.decode"))) {
            return "the CPU decode kernel is off (-Dwriteahead.decode=djl)";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the CPU decode kernel needs `java --add-modules jdk.incubator.vector`; decoding is slower without it";
        }
        return null;
    }
}

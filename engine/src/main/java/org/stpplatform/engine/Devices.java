package org.stpplatform.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the DJL device for the engine from a configuration value. */
public final class Devices {

    private static final Logger log = LoggerFactory.getLogger(Devices.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Devices() {
    }

    /**
     * Returns the device named by {@code name}: "cpu"; "gpu" or "cuda" (optionally ":index") for a
     * CUDA device, falling back to the CPU with a warning when none is visible; "auto" for the first
     * GPU when one exists, else the CPU. The choice is logged once per name.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Device select(String name) {
        String normalized = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        int gpuCount = Engine.getInstance().getGpuCount();
        Device device;
        if (normalized.equals("cpu")) {
            device = Device.cpu();
        } else if (normalized.equals("auto")) {
            device = gpuCount > 0 ? Device.gpu() : Device.cpu();
        } else if (normalized.startsWith("gpu") || normalized.startsWith("cuda")) {
            int index = parseIndex(normalized, name);
            if (index < gpuCount) {
                device = Device.gpu(index);
            } else {
                device = Device.cpu();
                if (LOGGED.add(normalized)) {
                    log.warn("Requested device is not available, falling back to the CPU"
                            + " device={} gpuCount={}", name, gpuCount);
                }
                return device;
            }
        } else {
            throw new IllegalArgumentException("unknown device '" + name
                    + "'; use cpu, gpu, gpu:N, cuda, cuda:N or auto");
        }
        if (LOGGED.add(normalized)) {
            log.info("Selected device requested={} device={} gpuCount={}", name, device, gpuCount);
        }
        return device;
    }

    private static int parseIndex(String normalized, String original) {
        int colon = normalized.indexOf(':');
        String prefix = colon < 0 ? normalized : normalized.substring(0, colon);
        if (!prefix.equals("gpu") && !prefix.equals("cuda")) {
            throw new IllegalArgumentException("unknown device '" + original
                    + "'; use cpu, gpu, gpu:N, cuda, cuda:N or auto");
        }
        if (colon < 0) {
            return 0;
        }
        try {
            int index = Integer.parseInt(normalized.substring(colon + 1));
            if (index < 0) {
                throw new NumberFormatException();
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device '" + original
                    + "' has an invalid index; use a non-negative integer such as gpu:0", e);
        }
    }
}

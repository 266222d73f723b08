package org.stpplatform.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the folder of public test datasets ({@code shared/data}, with its {@code MANIFEST.json})
 * for tests that read GSM8K, MATH500 or Countdown files. The product never reads this folder; tests
 * that need it skip when it is absent:
 *
 * <pre>{@code
 * Optional<Path> data = PublicDatasets.directory();
 * Assumptions.assumeTrue(data.isPresent(), PublicDatasets.MISSING_MESSAGE);
 * }</pre>
 */
public final class PublicDatasets {

    /** System property that points at the data folder directly, overriding the search. */
    public static final String DIRECTORY_PROPERTY = "stp.public-datasets.dir";

    /** Skip message for tests when the folder is absent. */
    public static final String MISSING_MESSAGE = "public datasets not found: no shared/data/MANIFEST.json in the"
            + " working directory or any parent; set -D" + DIRECTORY_PROPERTY + "=DIR to point at them";

    private static final Path RELATIVE = Path.of("shared", "data");
    private static final String MANIFEST = "MANIFEST.json";

    private PublicDatasets() {
    }

    /**
     * Returns the data folder: the {@link #DIRECTORY_PROPERTY} folder when it contains a manifest, else
     * the first {@code shared/data} with a manifest found walking up from the working directory (so
     * the folder may be a child of the working directory or of any parent, such as a sibling of the
     * repository).
     */
    public static Optional<Path> directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath().normalize();
            return Files.isRegularFile(path.resolve(MANIFEST)) ? Optional.of(path) : Optional.empty();
        }
        Path current = Path.of("").toAbsolutePath().normalize();
        while (current != null) {
            Path candidate = current.resolve(RELATIVE);
            if (Files.isRegularFile(candidate.resolve(MANIFEST))) {
                return Optional.of(candidate);
            }
            current = current.getParent();
        }
        return Optional.empty();
    }

    /** Returns a file of the data folder, or empty when the folder or the file is absent. */
    public static Optional<Path> file(String name) {
        return directory().map(dir -> dir.resolve(name)).filter(Files::isRegularFile);
    }
}

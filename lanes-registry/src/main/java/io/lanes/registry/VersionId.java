package io.lanes.registry;

/**
 * A version as a path names it: a number in [1, 2^31-1], or {@code latest} (also {@code -1}, as
 * Confluent accepts); anything else is 42202.
 */
public record VersionId(int number) {
    public static final VersionId LATEST = new VersionId(-1);

    public boolean isLatest() {
        return number == -1;
    }

    static VersionId parse(String text) {
        if ("latest".equals(text)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(text);
            if (number == -1) {
                return LATEST;
            }
            if (number >= 1) {
                return new VersionId(number);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RegistryException.invalidVersion(text);
    }
}

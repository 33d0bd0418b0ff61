package dev.serverlessmysql.autoconfigure.diagnostics;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * The valid keys of a {@code @ConfigurationProperties} class, in Spring Boot's canonical (kebab)
 * form, read from the class itself so that no list needs keeping; and the key nearest to a typo.
 */
final class ServerlessMySqlPropertyNames {

    private ServerlessMySqlPropertyNames() {
    }

    /** Every leaf key: a property whose type is a nested class of {@code type} is a group, not a key. */
    static List<String> of(Class<?> type, String prefix) {
        List<String> names = new ArrayList<>();
        collect(type, type, prefix, names);
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private static void collect(Class<?> root, Class<?> type, String prefix, List<String> names) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
                continue;
            }
            String name = prefix + DataObjectPropertyName.toDashedForm(descriptor.getName());
            Class<?> propertyType = descriptor.getPropertyType();
            if (propertyType.getDeclaringClass() == root && !propertyType.isEnum()) {
                collect(root, propertyType, name + ".", names);
            } else if (descriptor.getWriteMethod() != null) {
                names.add(name);
            }
        }
    }

    /**
     * The valid key closest to {@code name} by edit distance, compared as Spring Boot's relaxed
     * binding compares names (case, dashes and underscores do not count).
     */
    static String nearest(String name, List<String> valid) {
        String typed = uniform(name);
        String best = valid.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int distance = distance(typed, uniform(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

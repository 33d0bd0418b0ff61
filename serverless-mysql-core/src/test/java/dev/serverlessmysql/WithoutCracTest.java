package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/** org.crac is optional: without it on the class path, a DataSource still builds and closes. */
class WithoutCracTest {

    /** Loads the core's own classes afresh and hides org.crac; everything else comes from the test's loader. */
    private static final class WithoutCrac extends ClassLoader {
        WithoutCrac(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.crac.") || name.startsWith("dev.serverlessmysql.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void aDataSourceBuildsWithItsDefaultsWhenOrgCracIsAbsent() throws Exception {
        URL coreClasses = ServerlessMySqlDataSource.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {coreClasses}, new WithoutCrac(getClass().getClassLoader()))) {
            assertThatThrownBy(() -> loader.loadClass("org.crac.Core")).isInstanceOf(ClassNotFoundException.class);

            Class<?> dataSourceType = loader.loadClass(ServerlessMySqlDataSource.class.getName());
            Object builder = dataSourceType.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("jdbcUrl", String.class).invoke(builder, "jdbc:mysql://db.example:3306/app");
            builderType.getMethod("username", String.class).invoke(builder, "app");
            Object dataSource = builderType.getMethod("build").invoke(builder);

            assertThat(dataSource.getClass().getClassLoader()).isSameAs(loader);
            dataSourceType.getMethod("close").invoke(dataSource);
        }
    }
}

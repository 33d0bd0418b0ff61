package dev.serverlessmysql.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real MySQL-protocol server: the class gets its own {@link TestDatabase}
 * (own database, own unprivileged user), injected as a parameter of test, lifecycle methods
 * and constructors. {@link MySqlTestServer} can be injected the same way.
 *
 * <pre>{@code
 * @MySqlTest
 * class ZombieIT {
 *     @Test
 *     void zombiesSleep(TestDatabase db) throws Exception {
 *         try (IdleConnections zombies = db.openIdleConnections(3)) { ... }
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MySqlTestExtension.class)
public @interface MySqlTest {
}

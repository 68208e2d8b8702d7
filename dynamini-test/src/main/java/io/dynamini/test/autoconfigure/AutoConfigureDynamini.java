package io.dynamini.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports dynamini's auto-configuration (client, embedded engine, data, repositories) into a test, and gives the
 * test context a fresh table of its own ({@code dynamini.table.name=dynamini-test-<random>}, created at startup).
 * Use it on a {@code @SpringBootTest} to get the same table isolation as {@link DataDynaminiTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureDynamini {
}

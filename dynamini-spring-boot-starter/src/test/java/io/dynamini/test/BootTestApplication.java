package io.dynamini.test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small application that only adds the starter and the repository interfaces of {@code io.dynamini.test.domain}.
 */
@SpringBootApplication
public class BootTestApplication {

	@Bean
	RequestCounter requestCounter() {
		return new RequestCounter();
	}

	@Bean
	SwitchableTenant tenantResolver() {
		return new SwitchableTenant();
	}
}

package io.dynamini.sample;

import io.dynamini.repository.config.EnableDynaminiAuditing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.domain.AuditorAware;

/**
 * DynamoDB-mini on dynamini: many applications, each with its users' versioned collections of JSON entries, in
 * one DynamoDB table.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableDynaminiAuditing
public class SampleApplication {

	/** Every revision records the application whose key wrote it. */
	@Bean
	AuditorAware<String> writingApplication() {
		return ApplicationTenant::current;
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}
}

package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An AWS SDK module of an older version (2.40.2) declared directly wins over dynamini's: startup fails with an
 * explanation naming the versions and the fix, not with a bare NoClassDefFoundError or NoSuchMethodError.
 */
@ExtendWith(OutputCaptureExtension.class)
class MixedAwsSdkTests {

	@Test
	void startupFailsNamingTheMixedVersionsAndTheFix(CapturedOutput output) {
		assertThatThrownBy(() -> SpringApplication.run(NotesApplication.class, "--spring.main.web-application-type=none"))
			.isNotNull();

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("mixes AWS SDK versions")
			.contains("2.40.2")
			.contains(System.getProperty("dynamini.aws-sdk.version"))
			.contains("io.dynamini:dynamini-embedded");
	}
}

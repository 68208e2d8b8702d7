package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class AwsSdkVersionsFailureAnalyzerTests {

	@Test
	void aLinkageErrorInTheSdkWithMixedVersionsIsExplainedWithTheVersionsAndTheFix(@TempDir Path jars) throws IOException {
		ClassLoader mixed = classLoaderWith(jars, Map.of("dynamodb", "2.25.50", "sdk-core", "2.25.50", "retries-api",
				"2.54.15"));
		Throwable failure = new BeanCreationException("dynamoDbClient",
				new NoClassDefFoundError("software/amazon/awssdk/retries/api/RetryStrategy"));

		FailureAnalysis analysis = new AwsSdkVersionsFailureAnalyzer(mixed).analyze(failure);

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("[2.25.50, 2.54.15]")
			.contains("software.amazon.awssdk:dynamodb 2.25.50")
			.contains("software.amazon.awssdk:retries-api 2.54.15");
		assertThat(analysis.getAction()).contains("io.dynamini:dynamini-embedded").contains("io.dynamini:dynamini-bom");
	}

	@Test
	void dynaminisOwnCheckIsExplainedToo(@TempDir Path jars) throws IOException {
		ClassLoader mixed = classLoaderWith(jars, Map.of("dynamodb", "2.25.50", "sdk-core", "2.54.15"));
		Throwable failure = catchMismatch(mixed);

		assertThat(new AwsSdkVersionsFailureAnalyzer(mixed).analyze(new BeanCreationException("x", failure)))
			.isNotNull()
			.satisfies(analysis -> assertThat(analysis.getDescription()).contains("software.amazon.awssdk:sdk-core 2.54.15"));
	}

	@Test
	void otherFailuresAndAlignedClassPathsAreNotItsBusiness(@TempDir Path jars) throws IOException {
		ClassLoader aligned = classLoaderWith(jars, Map.of("dynamodb", "2.54.15", "sdk-core", "2.54.15"));
		AwsSdkVersionsFailureAnalyzer analyzer = new AwsSdkVersionsFailureAnalyzer(aligned);

		assertThat(analyzer.analyze(new NoClassDefFoundError("software/amazon/awssdk/Whatever"))).isNull();
		assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
		AwsSdkVersions.requireAligned(aligned);
		assertThat(AwsSdkVersions.distinct(AwsSdkVersions.read(getClass().getClassLoader())))
			.as("this build's own class path").hasSize(1);
	}

	private static Throwable catchMismatch(ClassLoader classLoader) {
		try {
			AwsSdkVersions.requireAligned(classLoader);
		}
		catch (AwsSdkVersions.AwsSdkVersionMismatchException expected) {
			return expected;
		}
		throw new AssertionError("no mismatch reported");
	}

	/** A class loader that sees one pom.properties per module, as the SDK's jars carry them. */
	private static ClassLoader classLoaderWith(Path root, Map<String, String> versions) throws IOException {
		for (Map.Entry<String, String> module : versions.entrySet()) {
			Path properties = root.resolve("META-INF/maven/software.amazon.awssdk/" + module.getKey() + "/pom.properties");
			Files.createDirectories(properties.getParent());
			Files.writeString(properties, "artifactId=" + module.getKey() + "\nversion=" + module.getValue() + "\n");
		}
		return new java.net.URLClassLoader(new URL[] { root.toUri().toURL() }, null);
	}

}

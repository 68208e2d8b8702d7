package io.dynamini.boot.autoconfigure;

import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a startup failure caused by AWS SDK modules of different versions on the class path - a bare
 * {@code NoClassDefFoundError} or {@code NoSuchMethodError} in an SDK class, or dynamini's own check - naming the
 * versions found and the fix. The usual cause: a library that brings AWS SDK modules of its own, older version
 * (another DynamoDB engine, an AWS library) added directly, whose modules win Maven's nearest-first resolution.
 */
class AwsSdkVersionsFailureAnalyzer implements FailureAnalyzer {

	static final String ACTION = """
			Use one AWS SDK version: import io.dynamini:dynamini-bom (or software.amazon.awssdk:bom) in \
			<dependencyManagement> so that every software.amazon.awssdk module has one version; \
			'mvn dependency:tree -Dincludes=software.amazon.awssdk' shows which dependency brings the others. For a \
			local DynamoDB engine use io.dynamini:dynamini-embedded, which brings no SDK version of its own.""";

	private final ClassLoader classLoader;

	AwsSdkVersionsFailureAnalyzer() {
		this(AwsSdkVersionsFailureAnalyzer.class.getClassLoader());
	}

	AwsSdkVersionsFailureAnalyzer(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsSdkVersions.AwsSdkVersionMismatchException mismatch) {
				return analysis(mismatch.versions(), mismatch);
			}
			if (cause instanceof LinkageError && String.valueOf(cause.getMessage())
				.replace('/', '.')
				.contains("software.amazon.awssdk")) {
				Map<String, TreeSet<String>> versions = AwsSdkVersions.read(classLoader);
				if (AwsSdkVersions.distinct(versions).size() > 1) {
					return analysis(versions, cause);
				}
			}
		}
		return null;
	}

	private static FailureAnalysis analysis(Map<String, TreeSet<String>> versions, Throwable cause) {
		StringBuilder description = new StringBuilder("The application's class path mixes AWS SDK versions "
				+ AwsSdkVersions.distinct(versions) + ", so SDK classes do not fit together (" + cause + ").\n"
				+ "SDK modules found:\n");
		versions.forEach((module, found) -> description.append("    software.amazon.awssdk:")
			.append(module)
			.append(' ')
			.append(String.join(", ", found))
			.append('\n'));
		return new FailureAnalysis(description.toString(), ACTION, cause);
	}
}

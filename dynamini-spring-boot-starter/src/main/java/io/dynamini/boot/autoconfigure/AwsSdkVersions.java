package io.dynamini.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the versions of the AWS SDK modules on the class path (each SDK jar carries its Maven
 * {@code pom.properties}) and tells when they differ: a mix of SDK versions fails with errors such as
 * {@code NoClassDefFoundError: software/amazon/awssdk/retries/api/RetryStrategy}, far from their cause. Uses no SDK
 * class itself, so it works when the SDK is broken.
 */
final class AwsSdkVersions {

	/** The SDK modules a DynamoDB client loads. */
	static final List<String> MODULES = List.of("annotations", "apache-client", "auth", "aws-core", "aws-json-protocol",
			"checksums", "checksums-spi", "dynamodb", "endpoints-spi", "http-auth", "http-auth-aws", "http-auth-spi",
			"http-client-spi", "identity-spi", "json-utils", "metrics-spi", "profiles", "protocol-core", "regions",
			"retries", "retries-api", "sdk-core", "third-party-jackson-core", "url-connection-client", "utils");

	private AwsSdkVersions() {
	}

	/**
	 * @return each SDK module found to the version(s) of it on the class path
	 */
	static Map<String, TreeSet<String>> read(ClassLoader classLoader) {
		Map<String, TreeSet<String>> versions = new TreeMap<>();
		for (String module : MODULES) {
			try {
				Enumeration<URL> found = classLoader
					.getResources("META-INF/maven/software.amazon.awssdk/" + module + "/pom.properties");
				while (found.hasMoreElements()) {
					Properties properties = new Properties();
					try (InputStream in = found.nextElement().openStream()) {
						properties.load(in);
					}
					String version = properties.getProperty("version");
					if (version != null) {
						versions.computeIfAbsent(module, key -> new TreeSet<>()).add(version.trim());
					}
				}
			}
			catch (IOException unreadable) {
				// a module we cannot read tells nothing either way
			}
		}
		return versions;
	}

	/**
	 * @return the distinct versions among {@code versions}
	 */
	static TreeSet<String> distinct(Map<String, TreeSet<String>> versions) {
		TreeSet<String> all = new TreeSet<>();
		versions.values().forEach(all::addAll);
		return all;
	}

	/**
	 * @throws AwsSdkVersionMismatchException if the SDK modules on the class path are of more than one version
	 */
	static void requireAligned(ClassLoader classLoader) {
		Map<String, TreeSet<String>> versions = read(classLoader);
		if (distinct(versions).size() > 1) {
			throw new AwsSdkVersionMismatchException(versions);
		}
	}

	/**
	 * The AWS SDK modules on the class path are of different versions.
	 */
	static final class AwsSdkVersionMismatchException extends IllegalStateException {

		private final transient Map<String, TreeSet<String>> versions;

		AwsSdkVersionMismatchException(Map<String, TreeSet<String>> versions) {
			super("AWS SDK modules of different versions are on the class path: " + versions);
			this.versions = versions;
		}

		Map<String, TreeSet<String>> versions() {
			return versions;
		}
	}
}

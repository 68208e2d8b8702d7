package io.dynamini.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API keys, read at startup from a JSON file ({@code [{"application": "test-app", "key": "my-api-key"}]}): the
 * file named by {@code sample.api-keys} (default {@code api-keys.json} in the working folder), or the bundled
 * example. Keys are compared in constant time and never logged.
 */
@Component
public class ApiKeys {

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private final List<Key> keys = new ArrayList<>();

	public ApiKeys(@Value("${sample.api-keys:api-keys.json}") String path, JsonMapper json) throws IOException {
		Path file = Path.of(path);
		JsonNode root;
		if (Files.isRegularFile(file)) {
			root = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
			logger.info("API keys read from " + file.toAbsolutePath());
		}
		else {
			try (InputStream in = new ClassPathResource("api-keys.json").getInputStream()) {
				root = json.readTree(in);
			}
			logger.warn("No " + file.toAbsolutePath() + "; using the bundled example API keys");
		}
		if (!root.isArray()) {
			throw new IllegalStateException("The API key file must hold a JSON array");
		}
		for (JsonNode node : root) {
			String application = node.path("application").asString("");
			String key = node.path("key").asString("");
			if (application.isBlank() || key.isBlank()) {
				throw new IllegalStateException("Every API key entry needs an application and a key");
			}
			keys.add(new Key(application, digest(key)));
		}
		logger.info(keys.size() + " API keys for " + keys.stream().map(Key::application).distinct().count()
				+ " applications");
	}

	/**
	 * @return the application of a key; every stored key is compared, in constant time, whatever matches
	 */
	public Optional<String> applicationOf(String key) {
		byte[] candidate = digest(key);
		String found = null;
		for (Key stored : keys) {
			if (MessageDigest.isEqual(stored.digest(), candidate) && found == null) {
				found = stored.application();
			}
		}
		return Optional.ofNullable(found);
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Key(String application, byte[] digest) {
	}
}

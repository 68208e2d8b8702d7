package io.dynamini.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Makes sqlite4java's native library, which DynamoDB Local needs, loadable without any JVM flag. DynamoDB Local
 * depends on it as a plain {@code .so}/{@code .dylib}/{@code .dll} artifact, which Maven does not put on the class
 * path; it does sit next to sqlite4java's jar, both in a Maven repository
 * ({@code com/almworks/sqlite4java/libsqlite4java-linux-amd64/<version>/}) and in a Spring Boot executable jar
 * ({@code BOOT-INF/lib/}, where Spring Boot's packaging leaves it out). This class looks on the class path first,
 * then beside that jar, then at the copy bundled in this module's jar; it copies the library under the name
 * sqlite4java looks for into a temporary folder and points {@code sqlite4java.library.path} at it.
 */
final class Sqlite4javaNativeLibrary {

	static final String PROPERTY = "sqlite4java.library.path";

	private static final String SQLITE4JAVA_CLASS = "com.almworks.sqlite4java.SQLite";

	private Sqlite4javaNativeLibrary() {
	}

	static synchronized void ensureAvailable() {
		if (System.getProperty(PROPERTY) != null) {
			return;
		}
		String prefix = expectedPrefix();
		String suffix = expectedSuffix();
		for (URL url : candidates(prefix, suffix)) {
			try (InputStream in = openStream(url)) {
				Path folder = Files.createTempDirectory("dynamini-sqlite4java");
				Path library = folder.resolve(prefix + suffix);
				Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
				library.toFile().deleteOnExit();
				folder.toFile().deleteOnExit();
				System.setProperty(PROPERTY, folder.toString());
				return;
			}
			catch (IOException notThere) {
				// try the next place
			}
		}
		throw new IllegalStateException(("The embedded DynamoDB engine needs sqlite4java's native library %s*%s, "
				+ "which comes with DynamoDB Local (io.dynamini:dynamini-embedded); it was found neither on the class path nor beside "
				+ "sqlite4java's jar. Set the system property %s to the folder that holds it")
			.formatted(prefix, suffix, PROPERTY));
	}

	private static List<URL> candidates(String prefix, String suffix) {
		List<URL> candidates = new ArrayList<>();
		for (URL url : classPathUrls()) {
			String name = fileName(url);
			if (name.startsWith(prefix) && name.endsWith(suffix)) {
				candidates.add(url);
			}
		}
		URL jar = sqlite4javaJar();
		if (jar != null) {
			String location = jar.toString();
			if (location.startsWith("jar:") && location.endsWith("!/")) {
				location = location.substring(4, location.length() - 2);
			}
			java.util.regex.Matcher version = java.util.regex.Pattern.compile("sqlite4java-([0-9.]+)\\.jar$")
				.matcher(location);
			if (version.find()) {
				String v = version.group(1);
				String folder = location.substring(0, location.lastIndexOf('/') + 1);
				String artifact = prefix;
				String file = artifact + "-" + v + suffix;
				// beside the jar: BOOT-INF/lib/ of an executable jar, or a lib folder
				addUrl(candidates, folder + file);
				// a Maven repository: .../com/almworks/sqlite4java/sqlite4java/<v>/ -> .../<artifact>/<v>/
				String repository = "/sqlite4java/" + v + "/";
				if (folder.endsWith(repository)) {
					addUrl(candidates, folder.substring(0, folder.length() - repository.length()) + "/" + artifact + "/"
							+ v + "/" + file);
				}
			}
		}
		// last, the copy this module's jar carries (sqlite4java 1.0.392, as DynamoDB Local 3.3.1 uses)
		URL bundled = Sqlite4javaNativeLibrary.class.getResource("sqlite4java/" + prefix + suffix);
		if (bundled != null) {
			candidates.add(bundled);
		}
		return candidates;
	}

	private static @Nullable URL sqlite4javaJar() {
		try {
			Class<?> sqlite = Class.forName(SQLITE4JAVA_CLASS, false, Sqlite4javaNativeLibrary.class.getClassLoader());
			return sqlite.getProtectionDomain().getCodeSource() == null ? null
					: sqlite.getProtectionDomain().getCodeSource().getLocation();
		}
		catch (ClassNotFoundException | SecurityException ex) {
			return null;
		}
	}

	private static void addUrl(List<URL> urls, String url) {
		try {
			urls.add(new URL(url));
		}
		catch (IOException ignored) {
			// not a URL this JVM can open
		}
	}

	/** sqlite4java's naming: lib + sqlite4java-{os}-{arch}; Windows without the lib prefix. */
	static String expectedPrefix() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		if (os.contains("mac")) {
			return "libsqlite4java-osx";
		}
		if (os.contains("win")) {
			return "sqlite4java-win32-" + (arch.contains("64") ? "x64" : "x86");
		}
		String linuxArch = switch (arch) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "aarch64";
			default -> "i386";
		};
		return "libsqlite4java-linux-" + linuxArch;
	}

	static String expectedSuffix() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		return os.contains("mac") ? ".dylib" : os.contains("win") ? ".dll" : ".so";
	}

	private static List<URL> classPathUrls() {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
			if (!entry.isEmpty()) {
				try {
					urls.add(new File(entry).toURI().toURL());
				}
				catch (IOException ignored) {
					// not a usable path
				}
			}
		}
		for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
				loader = loader.getParent()) {
			if (loader instanceof URLClassLoader urlLoader) {
				urls.addAll(List.of(urlLoader.getURLs()));
			}
		}
		return urls;
	}

	private static String fileName(URL url) {
		String path = url.toString();
		while (path.endsWith("/") || path.endsWith("!")) {
			path = path.substring(0, path.length() - 1);
		}
		int slash = path.lastIndexOf('/');
		// a version may follow the architecture: libsqlite4java-linux-amd64-1.0.392.so
		String name = slash < 0 ? path : path.substring(slash + 1);
		return name.replaceFirst("-\\d+(\\.\\d+)*(?=\\.(so|dylib|dll)$)", "");
	}

	private static InputStream openStream(URL url) throws IOException {
		String text = url.toString();
		if (text.startsWith("jar:") && text.endsWith("!/")) {
			// an entry of an executable jar, e.g. jar:nested:/app.jar/!BOOT-INF/lib/x.so!/ : open the nested entry
			return new URL(text.substring(4, text.length() - 2)).openStream();
		}
		return url.openStream();
	}
}

package io.dynamini.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;

import org.junit.jupiter.api.Test;

class Sqlite4javaNativeLibraryTests {

	@Test
	void theArtifactCarriesTheNativeLibraryOfThisPlatform() throws Exception {
		String name = Sqlite4javaNativeLibrary.expectedPrefix() + Sqlite4javaNativeLibrary.expectedSuffix();
		URL bundled = Sqlite4javaNativeLibrary.class.getResource("sqlite4java/" + name);
		assertThat(bundled).as(name).isNotNull();
		try (InputStream in = bundled.openStream()) {
			assertThat(in.readAllBytes().length).isGreaterThan(100_000);
		}
	}

	@Test
	void theEngineFoundItWithoutAnyJvmFlag() {
		// the surefire configuration of this module passes no sqlite4java.library.path: the engine set it
		new EmbeddedDynamoDb(null).close();
		assertThat(System.getProperty(Sqlite4javaNativeLibrary.PROPERTY)).isNotBlank();
	}
}

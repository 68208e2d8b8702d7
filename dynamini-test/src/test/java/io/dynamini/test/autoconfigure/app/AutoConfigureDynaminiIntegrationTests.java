package io.dynamini.test.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.core.DynaminiTemplate;
import io.dynamini.test.autoconfigure.AutoConfigureDynamini;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A full {@code @SpringBootTest} with {@code @AutoConfigureDynamini}: every component, and a fresh table.
 */
@SpringBootTest(properties = "dynamini.table.name=the-applications-table")
@AutoConfigureDynamini
class AutoConfigureDynaminiIntegrationTests {

	@Autowired
	MemoService service;

	@Autowired
	DynaminiTemplate template;

	@Test
	void theWholeApplicationRunsAgainstAFreshTable() {
		assertThat(service.write("s1", "through the service").version()).isEqualTo(1L);
		assertThat(template.getTableName()).startsWith("dynamini-test-").isNotEqualTo("the-applications-table");
	}
}

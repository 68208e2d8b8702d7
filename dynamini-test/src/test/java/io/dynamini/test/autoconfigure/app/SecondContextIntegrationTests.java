package io.dynamini.test.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.core.DynaminiTemplate;
import io.dynamini.test.autoconfigure.DataDynaminiTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Another test context (other properties) gets another table: the data of {@link DataDynaminiTestIntegrationTests},
 * which writes the same id, is not here, whichever runs first.
 */
@DataDynaminiTest(properties = "spring.application.name=second")
class SecondContextIntegrationTests {

	@Autowired
	MemoRepository memos;

	@Autowired
	DynaminiTemplate template;

	@Test
	void aSecondContextHasATableOfItsOwn() {
		assertThat(memos.findById("m1")).isEmpty();
		memos.save(new Memo("m1", null, "mine"));

		assertThat(memos.count()).isEqualTo(1);
		assertThat(template.getTableName()).startsWith("dynamini-test-");
	}
}

package io.dynamini.test.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.core.DynaminiTemplate;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.autoconfigure.DataDynaminiTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.history.Revision;

@DataDynaminiTest
class DataDynaminiTestIntegrationTests {

	@Autowired
	MemoRepository memos;

	@Autowired
	DynaminiTemplate template;

	@Autowired
	ApplicationContext context;

	@Test
	void repositoriesWorkOnTheEmbeddedEngineInATableOfTheirOwn() {
		Memo memo = memos.save(new Memo("m1", null, "first"));
		memos.save(memo.withText("second"));

		assertThat(memos.findRevisions("m1").getContent()).extracting(Revision::getRequiredRevisionNumber)
			.containsExactly(1L, 2L);
		assertThat(memos.count()).as("no other test's data").isEqualTo(1);
		assertThat(template.getTableName()).startsWith("dynamini-test-");
		assertThat(context.getBeansOfType(EmbeddedDynamoDb.class)).hasSize(1);
	}

	@Test
	void otherComponentsOfTheApplicationAreLeftOut() {
		assertThat(context.getBeansOfType(MemoService.class)).isEmpty();
	}
}

package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.history.Revision;
import io.awspring.cloud.dynamodb.DynamoDbTemplate;
import io.dynamini.embedded.EmbeddedDynamoDb;
import org.springframework.context.ApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@SpringBootTest(properties = "spring.cloud.aws.region.static=eu-west-1")
class NotesApplicationTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	ApplicationContext context;

	@Test
	void startsSavesAndReadsHistory() {
		Note note = notes.save(new Note("n1", null, "first"));
		notes.save(note.withText("second"));

		assertThat(notes.findRevisions("n1").getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("first", "second");
		assertThat(notes.findLastChangeRevision("n1")).get().extracting(Revision::getRequiredRevisionNumber)
			.isEqualTo(2L);
		// one client, dynamini's, on the embedded engine; Spring Cloud AWS's template uses it too
		assertThat(context.getBeansOfType(DynamoDbClient.class)).hasSize(1);
		DynamoDbClient client = context.getBean(DynamoDbClient.class);
		assertThat(client.serviceClientConfiguration().endpointOverride())
			.contains(context.getBean(EmbeddedDynamoDb.class).getEndpoint());
		assertThat(context.getBeansOfType(DynamoDbTemplate.class)).hasSize(1);
		assertThat(client.listTables().tableNames()).contains("dynamini");
	}
}

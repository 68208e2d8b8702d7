package io.dynamini.core.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.domain.Note;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading without DynamoDB: values as other sources than the table's own reads deliver them.
 */
class DynaminiEntityConverterUnitTests {

	final DynaminiEntityConverter converter = new DynaminiEntityConverter(new DynaminiMappingContext());

	@Test
	void anEmptyMapOrListWithNoMemberSetAsStreamRecordsCarryItReadsAsEmpty() {
		AttributeValue unset = AttributeValue.builder().build();

		Note note = converter.read(Note.class, Map.of("text", AttributeValue.fromS("t"), "attributes",
				AttributeValue.fromM(Map.of("nested", unset)), "tags", unset, "scores", unset), 3);

		assertThat(note.getAttributes()).as("an untyped value: an empty object").isEqualTo(Map.of("nested", Map.of()));
		assertThat(note.getTags()).isEmpty();
		assertThat(note.getScores()).isEmpty();
		assertThat(note.getVersion()).isEqualTo(3);
	}
}

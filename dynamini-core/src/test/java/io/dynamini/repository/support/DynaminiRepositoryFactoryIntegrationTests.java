package io.dynamini.repository.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.test.TestEngine;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynaminiRepositoryFactoryIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = createTable();

	final DynaminiRepositoryFactory factory = new DynaminiRepositoryFactory(new DynaminiTemplate(client, table));

	static String createTable() {
		String name = TestEngine.uniqueTableName(DynaminiRepositoryFactoryIntegrationTests.class);
		new DynaminiTableAdmin(client).createTable(name, TableCapacity.onDemand());
		return name;
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void createsAWorkingRepositoryWithoutSpring() {
		NoteRepository notes = factory.getRepository(NoteRepository.class);
		Note saved = notes.save(new Note("ann", "plain java"));
		assertThat(notes.findById(saved.getId())).isPresent();
	}

	@Test
	void queryMethodsFailAtRepositoryCreationNamingTheMethod() {
		assertThatThrownBy(() -> factory.getRepository(WithQueryMethod.class))
			.hasMessageContaining("findByOwner");
	}

	@Test
	void entitiesWithoutVersionFailAtRepositoryCreation() {
		assertThatThrownBy(() -> factory.getRepository(UnversionedRepository.class))
			.hasMessageContaining("@Version");
	}

	@Test
	void invalidIndexesFailAtRepositoryCreation() {
		assertThatThrownBy(() -> factory.getRepository(ListIndexedRepository.class))
			.hasMessageContaining("ListIndexed.tags cannot be an index key");
		assertThatThrownBy(() -> factory.getRepository(UnknownSortRepository.class))
			.hasMessageContaining("sortBy = \"missing\"");
	}

	@VersionedEntity
	record ListIndexed(@Id String id, @org.springframework.data.annotation.Version Long version,
			@io.dynamini.annotation.Indexed java.util.List<String> tags) {
	}

	interface ListIndexedRepository extends VersionedRepository<ListIndexed, String> {
	}

	@VersionedEntity
	record UnknownSort(@Id String id, @org.springframework.data.annotation.Version Long version,
			@io.dynamini.annotation.Indexed(sortBy = "missing") String owner) {
	}

	interface UnknownSortRepository extends VersionedRepository<UnknownSort, String> {
	}

	interface WithQueryMethod extends VersionedRepository<Note, String> {

		java.util.List<Note> findByOwner(String owner);
	}

	@VersionedEntity
	record Unversioned(@Id String id) {
	}

	interface UnversionedRepository extends VersionedRepository<Unversioned, String> {
	}
}

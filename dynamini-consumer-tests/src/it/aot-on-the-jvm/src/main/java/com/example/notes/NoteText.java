package com.example.notes;

/** An interface projection: Spring Data's AOT processing registers its proxy. */
public interface NoteText {

	String getText();
}

package io.kvsync.extractor.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record read from a Klaviyo answer.
 *
 * @param record the record as it travels (large members held as the text they were read as)
 * @param cursorText the record's cursor attribute when it is a string, else null
 * @param bytes about the size of the record's JSON: what it adds to a batch's message
 */
record PageRecord(ObjectNode record, String cursorText, long bytes) {}

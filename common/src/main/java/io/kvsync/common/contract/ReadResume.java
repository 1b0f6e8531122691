package io.kvsync.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Where a chunked read continues: the listing it was on, the page after the last one published, and
 * what it had seen of the cursor field so far (so the last chunk claims a position over the whole
 * read). Opaque to the scheduler, which stores it and hands it back in the next chunk's command.
 *
 * @param listing index of the listing (parents × variants, in enumeration order) to continue
 * @param parentId the parent of that listing, to check the enumeration is still the same; nullable
 * @param parentsDigest digest of the parent ids before that listing; nullable
 * @param nextUrl the page to read next; null when the listing is finished
 * @param maxSeen the highest cursor value read so far; nullable
 * @param lastSeen the cursor value of the last record read; nullable
 * @param inOrder whether every record so far arrived in non-decreasing cursor order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReadResume(
    int listing,
    String parentId,
    String parentsDigest,
    String nextUrl,
    Instant maxSeen,
    Instant lastSeen,
    boolean inOrder) {}

package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign's message; {@code templateId} null for channels without a template. */
public record CampaignMessage(
    String id,
    String campaignId,
    String channel,
    Map<String, Object> definition,
    List<Map<String, Object>> sendTimes,
    Instant createdAt,
    Instant updatedAt,
    String templateId) {}

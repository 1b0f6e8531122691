#!/usr/bin/env python3
"""Derives the emulator's request rules from Klaviyo's OpenAPI spec.

Usage: tools/extract_endpoint_rules.py <stable.json> > src/main/resources/io/kvsync/emulator/endpoint-rules.json

The emulator ships this extract (not the 3 MB spec) so that it runs on its own; EndpointRulesMatchSpecTest
re-derives the same rules from the spec and fails when the two drift apart.
"""
import json
import sys

PATHS = [
    "/api/accounts",
    "/api/profiles", "/api/profiles/{id}",
    "/api/events", "/api/events/{id}",
    "/api/metrics", "/api/metrics/{id}",
    "/api/lists", "/api/lists/{id}", "/api/lists/{id}/profiles", "/api/lists/{id}/relationships/profiles",
    "/api/segments", "/api/segments/{id}", "/api/segments/{id}/profiles",
    "/api/segments/{id}/relationships/profiles",
    "/api/flows", "/api/flows/{id}", "/api/flows/{id}/flow-actions",
    "/api/flow-actions/{id}", "/api/flow-actions/{id}/flow-messages", "/api/flow-messages/{id}",
    "/api/campaigns", "/api/campaigns/{id}", "/api/campaigns/{id}/campaign-messages",
    "/api/campaign-messages/{id}", "/api/campaign-messages/{id}/template",
    "/api/templates/{id}",
    "/api/campaign-recipient-estimations/{id}",
]


def rate(text):
    count, unit = text.split("/")
    return int(count)


def main(spec_path):
    spec = json.load(open(spec_path))
    endpoints = []
    for path in PATHS:
        op = spec["paths"][path]["get"]
        params = {}
        for p in op["parameters"]:
            if p["in"] != "query":
                continue
            schema = p["schema"]
            rule = {"required": bool(p.get("required", False))}
            enum = schema.get("items", schema).get("enum")
            if enum is not None and p["name"] != "filter":
                rule["values"] = enum
            if p["name"] == "page[size]":
                rule["minimum"] = schema["minimum"]
                rule["maximum"] = schema["maximum"]
                rule["default"] = schema["default"]
            params[p["name"]] = rule
        limit = op["x-klaviyo-ratelimit"]
        endpoints.append({
            "path": path,
            "operationId": op["operationId"],
            "scopes": op["x-klaviyo-scopes"],
            "burstPerSecond": rate(limit["burst"]),
            "steadyPerMinute": rate(limit["steady"]),
            "responseSchema": op["responses"]["200"]["content"]["application/vnd.api+json"]["schema"]["$ref"].split("/")[-1],
            "parameters": params,
            "filters": op.get("x-klaviyo-filters", {}),
        })
    json.dump({"endpoints": endpoints}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

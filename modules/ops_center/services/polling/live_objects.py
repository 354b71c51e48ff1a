"""
Operations Command Center - Live Integration Objects

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Keeps one integration object per instance between polls, so
    connections (HTTP sessions, RouterOS logins, SNMP engines) are reused;
    rebuilt when the instance's settings change, closed on shutdown.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import hashlib
import json
import threading


class LiveObjects:
    """Integration objects by instance name, thread-safe."""

    def __init__(self):
        self._objects = {}
        self._guard = threading.Lock()

    def get(self, instance, envelope=None):
        """The live integration object of an instance (rebuilt when settings change).

        Args:
            instance: The ``Instance``.
            envelope: Its cached envelope, to restore memory into a new object.

        Returns:
            Integration: Shared with polling and control, so connections are reused.
        """
        digest = hashlib.sha256(json.dumps([instance.type, instance.settings], sort_keys=True,
                                           default=str).encode()).hexdigest()
        with self._guard:
            obj = self._objects.get(instance.name)
            if obj is None or obj[0] != digest:
                if obj is not None:
                    obj[1].close()
                integration = instance.cls(instance.name, instance.settings)
                integration.memory = dict((envelope or {}).get("memory") or {})
                obj = self._objects[instance.name] = (digest, integration)
            return obj[1]

    def close(self):
        """Close and forget every object (connections, sessions).

        Returns:
            None
        """
        with self._guard:
            objects, self._objects = list(self._objects.values()), {}
        for _digest, integration in objects:
            integration.close()

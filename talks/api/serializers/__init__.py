"""API serializers: output ModelSerializers and explicit input serializers, per resource."""

from ninja import NinjaAPI

api = NinjaAPI(title="Lantern API", version="1", urls_namespace="api-1")

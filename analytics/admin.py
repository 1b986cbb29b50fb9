from django.contrib import admin

from .models import Classifier, ClassifierItem, ClassifierMapping, Dataset, ImportBatch, Snapshot


class ClassifierItemInline(admin.TabularInline):
    model = ClassifierItem
    extra = 0


@admin.register(Classifier)
class ClassifierAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "kind"]
    list_filter = ["kind"]
    inlines = [ClassifierItemInline]


@admin.register(ClassifierItem)
class ClassifierItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "classifier"]
    list_filter = ["classifier"]
    search_fields = ["code", "name_en", "name_ru"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    """Data sets are created by analysts on the data bank's pages; administrators may correct them here."""

    list_display = ["code", "name_en", "name_ru", "sort_order"]
    search_fields = ["code", "name_en", "name_ru"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch is the record of an import; rows change only through a new import."""

    list_display = ["created_at", "dataset", "kind", "file_name", "row_count", "uploaded_by", "status"]
    list_filter = ["dataset", "kind", "status"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read-only list of recomputations (analysts follow them on the data bank's page)."""

    list_display = ["pk", "status", "is_current", "started_at", "finished_at", "triggered_by"]
    list_filter = ["status", "is_current"]
    readonly_fields = [field.name for field in Snapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClassifierMapping)
class ClassifierMappingAdmin(admin.ModelAdmin):
    """The OKVED1 → OKVED2 section mapping (and any other): administrators correct it here."""

    list_display = ["source", "target", "kind"]
    list_filter = ["kind", "source__classifier"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source__classifier", "target__classifier"]

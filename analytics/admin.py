from django.contrib import admin

from .models import Classifier, ClassifierItem


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

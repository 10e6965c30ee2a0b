"""First pipeline: NFC, collapsed spaces, word count and content hash on every record."""

from itemadapter import ItemAdapter

from crawler.output.records import finish_record


class NormalisePipeline:
    def process_item(self, item, spider=None):
        return finish_record(ItemAdapter(item).asdict())

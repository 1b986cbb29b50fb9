"""``__in`` on integer columns with values outside the column's range: they match no row, like ``exact``.

Django drops an out-of-range value of ``exact``, ``gt``, ``lt``… (no row can hold it), but passes those of
``in`` to the database: SQLite raised ``OverflowError`` (a 500) for ``?competence=-20201388019994271744``,
which a filter turns into ``pk__in=[…]``. Registered on ``IntegerField`` (and so on every integer and
auto field) by ``PortalConfig.ready``.
"""

from django.db.models.lookups import In


class IntegerFieldIn(In):
    """``in`` that leaves out the values no row of the column can hold."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

"""Domain exceptions raised by the object layer and caught by handlers.

Each exception formats ``msg_fmt`` with the keyword arguments it is given.
``NotFound`` subclasses that escape a handler become a 404 in the router;
``PolicyNotAuthorized`` becomes a 403.
"""


class PlacementException(Exception):
    """Base of all placement exceptions: ``msg_fmt % kwargs``."""

    msg_fmt = "An unknown exception occurred."

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.args[0]


class NotFound(PlacementException):
    msg_fmt = "Resource could not be found."


class Exists(PlacementException):
    msg_fmt = "Resource already exists."


class PolicyNotAuthorized(PlacementException):
    msg_fmt = "Policy does not allow %(action)s to be performed."


class InvalidScope(PolicyNotAuthorized):
    """The token scope does not match the rule: the detail is the rule."""

    msg_fmt = "%(action)s"


class ObjectActionError(PlacementException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


class ConcurrentUpdateDetected(PlacementException):
    msg_fmt = ("Another thread concurrently updated the data. "
               "Please retry your update")


class ResourceProviderConcurrentUpdateDetected(ConcurrentUpdateDetected):
    msg_fmt = ("Another thread concurrently updated the resource provider "
               "data. Please retry your update")


class ResourceProviderNotFound(NotFound):
    msg_fmt = "No such resource provider(s)"


class ResourceClassNotFound(NotFound):
    msg_fmt = "No such resource class %(resource_class)s."


class ResourceClassExists(Exists):
    msg_fmt = "Resource class %(resource_class)s already exists."


class ResourceClassInUse(PlacementException):
    msg_fmt = ("Cannot delete resource class %(resource_class)s. "
               "Class is in use in inventory.")


class ResourceClassCannotDeleteStandard(PlacementException):
    msg_fmt = "Cannot delete standard resource class %(resource_class)s."


class ResourceClassCannotUpdateStandard(PlacementException):
    msg_fmt = "Cannot update standard resource class %(resource_class)s"


class MaxDBRetriesExceeded(PlacementException):
    msg_fmt = ("Max retries of DB transaction exceeded attempting to "
               "perform %(action)s")


class TraitNotFound(NotFound):
    msg_fmt = "No such trait(s): %(name)s."


class TraitExists(Exists):
    msg_fmt = "The Trait %(name)s already exists"


class TraitCannotDeleteStandard(PlacementException):
    msg_fmt = "Cannot delete standard trait %(name)s."


class TraitInUse(PlacementException):
    msg_fmt = "The trait %(name)s is in use by a resource provider."


class InventoryInUse(PlacementException):
    msg_fmt = ("Inventory for '%(resource_classes)s' on "
               "resource provider '%(resource_provider)s' in use.")


class InventoryWithResourceClassNotFound(NotFound):
    msg_fmt = "No inventory of class %(resource_class)s found."


class InvalidInventory(PlacementException):
    msg_fmt = ("Inventory for '%(resource_class)s' on "
               "resource provider '%(resource_provider)s' invalid.")


class InvalidInventoryCapacity(InvalidInventory):
    msg_fmt = ("Invalid inventory for '%(resource_class)s' on "
               "resource provider '%(resource_provider)s'. "
               "The reserved value is greater than or equal to total.")


class InvalidInventoryCapacityReservedCanBeTotal(InvalidInventory):
    msg_fmt = ("Invalid inventory for '%(resource_class)s' on "
               "resource provider '%(resource_provider)s'. "
               "The reserved value is greater than total.")


class InvalidAllocationCapacityExceeded(InvalidInventory):
    msg_fmt = ("Unable to create allocation for '%(resource_class)s' on "
               "resource provider '%(resource_provider)s'. The requested "
               "amount would exceed the capacity.")


class InvalidAllocationConstraintsViolated(InvalidInventory):
    msg_fmt = ("Unable to create allocation for '%(resource_class)s' on "
               "resource provider '%(resource_provider)s'. The requested "
               "amount would violate inventory constraints.")


class ResourceProviderInUse(PlacementException):
    msg_fmt = "Resource provider has allocations."


class CannotDeleteParentResourceProvider(PlacementException):
    msg_fmt = "Cannot delete resource provider that is a parent of another."


class DuplicateResourceProvider(Exists):
    msg_fmt = "Conflicting resource provider %(name)s already exists."


class ConsumerExists(Exists):
    msg_fmt = "The consumer %(uuid)s already exists."


class ConsumerNotFound(NotFound):
    msg_fmt = "No such consumer(s): %(uuid)s."


class ConsumerGenerationConflict(ConcurrentUpdateDetected):
    msg_fmt = ("consumer generation conflict - expected %(expected_gen)s "
               "but got %(got_gen)s")

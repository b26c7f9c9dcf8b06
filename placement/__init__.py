import warnings

# oslo.versionedobjects imports oslo.messaging, which imports oslo.service's
# eventlet backend and warns that eventlet is deprecated at every start.
# Placement never uses eventlet; the warning only confuses operators.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
